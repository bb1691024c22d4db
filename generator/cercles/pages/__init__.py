"""Stage 3a, pages: views of the model, Jinja2 templates and the French wording of generated pages."""
