"""The educational components, one plugin each: exercises (and their identity), self-check quizzes,
case studies, citations and the reference list, hints and answers in <details>, placeholders left in.

May import the rest of markdown/ and what lies below it.
"""
