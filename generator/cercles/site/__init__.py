"""The MkDocs side: the plugin, the nav, search folding. The only stage that imports MkDocs."""
