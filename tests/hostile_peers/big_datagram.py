"""Answers every UDP datagram with one datagram of 4000 bytes."""
from _peer import bind_udp

sock = bind_udp()
while True:
    _, sender = sock.recvfrom(65536)
    sock.sendto(b"B" * 4000, sender)
