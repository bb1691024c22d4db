"""Editors' commands, one module each; they use the core's public names, never each other."""
