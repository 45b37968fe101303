"""Input sets beyond the storyboard's, shared by the layout tests and the figure tests so that a
test session runs each scene once per set (tests/scene_runs.checked_run). Each scene's sets live
with its registration (`examples=` of its @scene in scenes/catalog.py)."""

from scenes.catalog import SCENES

# Other inputs per scene: each set is the storyboard's defaults with these overrides.
OTHER_INPUTS: dict[str, dict[str, dict]] = {name: dict(spec.examples) for name, spec in SCENES.items()}
