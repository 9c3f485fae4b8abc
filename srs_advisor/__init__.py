"""srs-advisor: plan a service and resource sharing arrangement, step by step.

Pydantic looks for plugins the first time it builds a validator: it imports
`importlib.metadata` and reads the metadata of every installed package (20-35 ms of
every start of the app and of each subcommand, a third of what `import pydantic,
transitions` costs). The advisor uses no pydantic plugin, so unless
`PYDANTIC_DISABLE_PLUGINS` says otherwise, pydantic is told there are none before it
looks. Validation is the same: a plugin only watches it.
"""

import os
import sys
import types

__version__ = "0.1.0"


def _no_pydantic_plugins() -> None:
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") is not None:
        return  # set by whoever runs the advisor: pydantic reads it as usual
    loader = types.ModuleType("pydantic.plugin._loader")
    loader.__doc__ = "No pydantic plugins for srs-advisor (see srs_advisor/__init__.py)."
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules.setdefault("pydantic.plugin._loader", loader)


_no_pydantic_plugins()
