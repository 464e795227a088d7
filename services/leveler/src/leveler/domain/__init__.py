"""The leveling engine: pure rules and computation, no I/O.

`engine` is the entry point: `build_index(catalogue)` once per catalogue version, then
`decide(requisition, index, at=...)` per requisition, and `band_for(...)` when a person
fixed the level or a new band set is published. `decide` never raises for requisition
content: a requisition it cannot level comes back with status "unmatched" and a flag
saying why. The modules, in the order a decision uses them:

- `catalogue`, `requisition`: the plain values decided from;
- `markup`, `normalise`, `facts`, `years`, `ladders`, `title_conventions`, `ic_titles`,
  `query`: the requisition as text, facts and cues;
- `text_index`, `exclusions`, `index`: everything computed once per catalogue version;
- `matching`: which profile, and whether any fits at all;
- `people`, `track`: whether the posting leads people, and the track it is levelled on;
- `scoring`: the level, from independent signals with evidence;
- `bands`, `flags`: pay zone and band in force, pay-transparency and review flags;
- `outcome`: the decision and its event-ready form.
"""
