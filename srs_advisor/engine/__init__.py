"""The engine: the state machine, answers, the recommendation and sessions. Imports no Textual."""
