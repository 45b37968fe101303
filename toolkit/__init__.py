"""The scene toolkit: palette and sizes, builders for what the scenes share, and the
LessonScene base that gives every scene its teaching beats."""
