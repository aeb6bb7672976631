"""Tools that use the build: the benchmark and its bigger synthetic course, the offline pack and other exports of a built site."""
