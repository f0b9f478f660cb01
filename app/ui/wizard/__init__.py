"""The intake wizard: one screen per step, keyboard first, saved as a draft at every step."""
