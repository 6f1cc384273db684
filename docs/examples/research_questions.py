"""Three research questions answered from the graph with the notebook API (``kg.open``).

Run it on the store that ``make run`` (or ``kg ingest data/samples``) wrote::

    .venv/bin/python docs/examples/research_questions.py var/store

Each answer is a pandas DataFrame whose rows keep the sentence that states the fact, so every number
in a paper can be traced to an article and a character offset. The same code runs in a notebook.
"""
from __future__ import annotations

import sys

import pandas as pd

import kg

pd.set_option("display.width", 200)
pd.set_option("display.max_colwidth", 60)


def main(store: str) -> None:
    with kg.open(store) as g:
        # Q1. Which units sent people to which places? (one row per unit and place, with how many
        #     people and one sentence that says so)
        dep = g.deployments()
        sent = dep[dep["units"].map(len) > 0].explode("units")
        q1 = (sent.groupby(["units", "place"])
                  .agg(people=("agent", "nunique"), evidence=("evidence", "first"))
                  .reset_index().sort_values(["people", "units"], ascending=[False, True]))
        print("Q1. Units and the places they sent people to")
        print(q1.to_string(index=False))

        # Q2. Who served at the same place as whom? (pairs of people deployed to one place)
        people = dep[dep["agent_types"].map(lambda t: "Person" in t)][["agent", "place"]].drop_duplicates()
        pairs = people.merge(people, on="place")
        q2 = (pairs[pairs["agent_x"] < pairs["agent_y"]]
              .rename(columns={"agent_x": "person", "agent_y": "co_deployed"})
              .sort_values(["place", "person", "co_deployed"]))
        print("\nQ2. People deployed to the same place")
        print(q2.to_string(index=False))

        # Q3. Which districts and units supported which places (paired assistance)? SPARQL, with the
        #     evidence sentence of each statement.
        q3 = g.sparql("""
            SELECT ?from ?to (SAMPLE(?text) AS ?evidence) WHERE {
              ?a fk:supports ?b .
              ?a rdfs:label ?from FILTER(langMatches(lang(?from), "zh-Hans"))
              ?b rdfs:label ?to FILTER(langMatches(lang(?to), "zh-Hans"))
              OPTIONAL { ?s rdf:subject ?a ; rdf:predicate fk:supports ; rdf:object ?b ;
                            fk:evidence/fk:text ?text }
            } GROUP BY ?from ?to ORDER BY ?from ?to""")
        print("\nQ3. Paired assistance")
        assert isinstance(q3, pd.DataFrame)
        print(q3.to_string(index=False))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "var/store")
