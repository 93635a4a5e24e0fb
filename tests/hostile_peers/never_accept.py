"""Listens but never calls accept(): connections complete in the kernel's backlog and wait there.

Nothing is ever read or written, so a client's receive can only time out.
"""
from _peer import forever, listen

server = listen(backlog=16)
forever()
