THEMES = ["light", "dark"]
