"""The render engine: lessons in, finished lesson videos out.

Functions here take plain data and return plain data; render.py only parses the
command line and calls them. Only `worker` imports manim (in the worker processes, or in this
process for a preview's still and watch mode, `pool.in_process`), so planning, caching and a
warm re-run stay fast. A product (`course`, `clips`, `deck`, `preview`, `narrate`) runs its jobs
in a `session` (engine/session.py): the folder's lock, store, sweep, pool and failure line.
"""
