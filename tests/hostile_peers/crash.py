"""Reads a line, then crashes with an uncaught exception (exit code 1, a traceback)."""
from _peer import listen, serve_lines


def answer(conn, line):
    raise RuntimeError(f"hostile peer crashing on purpose after reading {line!r}")


serve_lines(listen(), answer, survive=False)
