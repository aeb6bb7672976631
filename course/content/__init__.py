"""Content: read and check the sources (front matter, notebook metadata, the lesson contract, quizzes, explorable blocks)."""
