"""The lessons' practice items: a task, the learner's answer cell, a self-check cell and a model answer.

Each item is four cells in a lesson, sharing one id prefix (``l09-budget`` here):

- a markdown cell under a ``### Practice: …`` heading: the task, and what the check looks at;
- ``l09-budget-answer``: the learner's cell, committed as a template that runs without error
  (it assigns the names the check reads: ``None``, or a function whose body is ``...``);
- ``l09-budget-check``, tagged ``self-check``: one call to a check function of this package
  (one module per lesson), which prints one short line per point and returns how many failed;
- ``l09-budget-model``, tagged ``answer`` and source-hidden: one model answer, collapsed.

A check never raises on what a learner wrote, never prints the model answer, and says
"not done yet" (returning None) while the answer cell is still the template. The lesson tests
run every check twice in one run of the lesson: as committed, and again after the model answer.
"""
