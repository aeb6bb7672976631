"""Pages: make the site's pages from front matter (generated pages and navigation, lessons, plans, handouts, My learning) and their security policy."""
