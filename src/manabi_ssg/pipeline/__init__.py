"""The build, stage by stage: load -> parse -> index -> render -> write, driven by ``engine``.

Each stage passes plain data (``model.py``) to the next and never imports a later stage; the engine,
last, wires them.  May import outputs, incremental, markdown and everything below; never authoring or
the preview.
"""
