"""Environment variables of the sync, in a module that imports nothing: the `counter` command
names them in its help without loading the sync itself."""

CENTRAL_PASSWORD_ENV = "COUNTER_CENTRAL_PASSWORD"  # the central database's password (automation)
