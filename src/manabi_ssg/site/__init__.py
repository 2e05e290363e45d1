"""What the whole site shares: its settings (config), where templates come from (theme), its languages
(i18n), every URL rule (urls), the edition's answers (answers), the series map's layout.

Imports only guards, messages, words and console, and what lies below them (model, diagnostics).
"""
