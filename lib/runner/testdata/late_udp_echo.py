"""A UDP echo for sockspec's own tests that binds late.

Usage: late_udp_echo.py HOST PORT DELAY_SECONDS

It waits DELAY_SECONDS before it binds, as a server with a slow start does, then echoes every
datagram.
"""
import socket
import sys
import time

time.sleep(float(sys.argv[3]))
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
    sock.bind((sys.argv[1], int(sys.argv[2])))
    while True:
        data, sender = sock.recvfrom(65536)
        sock.sendto(data, sender)
