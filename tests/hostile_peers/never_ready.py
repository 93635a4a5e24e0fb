"""Never listens and never prints: it is never ready."""
from _peer import args, forever

args()
forever()
