"""The dialog: the conversation as data, its schema and its loader. Imports no Textual."""

from .loader import DialogError, Problem, check_dialog, load_dialog
from .model import END, LEVELS, Dialog, Level, Phase, Step, choices_of

__all__ = [
    "END",
    "LEVELS",
    "Dialog",
    "DialogError",
    "Level",
    "Phase",
    "Problem",
    "Step",
    "check_dialog",
    "choices_of",
    "load_dialog",
]
