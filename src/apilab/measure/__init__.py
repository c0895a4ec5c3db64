"""Load and measurement: how fast an API answers, side by side.

``load`` measures an endpoint under load into a DataFrame (through ``wrk``
when it is installed, else the Python client of ``load_client``); ``plots``
draws the results; ``comparisons`` runs the scaling lab's side-by-side
comparisons; ``bench_ladder`` the like-for-like rungs of apps and each layer's cost;
``littles_law`` sets scaling beside Little's law; ``bench_apps`` are the apps
measured and ``bench_servers`` serves them (alone or behind Nginx);
``side_by_side`` measures running servers in turn, round after round, and
``spread`` reads repeated runs with their spread (the percentiles a run can
support, ratios and the one rule for calling them a tie); ``connection_pooling``
and ``postgres_server`` measure pooled and unpooled database connections.

It may import ``apilab.serving``, ``apilab.django_project`` and
``apilab.contract``.
"""
