"""The render engine: lessons in, finished lesson videos out.

Functions here take plain data and return plain data; render.py only parses the
command line and calls them. Only `worker` imports manim, and only in the worker
processes, so planning, caching and a warm re-run stay fast.
"""
