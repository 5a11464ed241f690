"""Authorization: where the account model meets the pure policy engine (iamsim.policy).

principal.py turns a caller into the engine's Principal and its policies (identity-based,
permissions boundary, session policies); context.py builds the global condition keys. STS,
the simulator and enforcement all build their engine inputs here and nowhere else.
"""
