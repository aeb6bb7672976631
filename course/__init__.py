"""Build logic for the course site: plain, importable Python that the MkDocs hooks call."""
