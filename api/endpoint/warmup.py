"""Imported by the fork server of the query workers only: first-use costs paid once, before any fork.

rdflib builds (streamlines) its SPARQL grammar on the first parse and OpenCC loads its
dictionaries on first use; paid in the fork server, every worker forked from it starts
warm, and a worker replaced after a timeout answers its first request as fast as the
others. Nothing here touches a store.
"""

from __future__ import annotations

import gc

from api.endpoint.policy import parse_query
from api.queries import simplified

parse_query("ASK { ?s ?p ?o }")
simplified("張偉")

# Everything imported so far lives as long as the workers forked from here: moved out of the collector's
# generations, so that a worker's garbage collections do not write to (and so copy) the pages it shares with
# the fork server and the other workers.
gc.freeze()
