"""Quality gates on a built site: accessibility, privacy, page weight, reproducibility and content, with the browser and build they share."""
