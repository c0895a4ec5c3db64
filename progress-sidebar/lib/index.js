// The course's "Course progress" sidebar: what progress_server.py answers at /apilab/progress, as two tables.
import { ILabShell } from '@jupyterlab/application';
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { listIcon } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';

const REFRESH_MS = 30000; // while the panel is shown and the page is in view

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) {
    td.className = className;
  }
  row.appendChild(td);
  return td;
}

function table(headings, name) {
  const element = document.createElement('table');
  element.className = `apilab-progress-table apilab-progress-${name}`;
  const head = element.createTHead().insertRow();
  for (const heading of headings) {
    const th = document.createElement('th');
    th.textContent = heading;
    head.appendChild(th);
  }
  return element;
}

function localTime(iso) {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) {
    return iso;
  }
  return when.toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short'
  });
}

function lessonName(stem) {
  return stem.replace(/-/g, ' ');
}

class ProgressPanel extends Widget {
  constructor(app) {
    super();
    this.app = app;
    this.id = 'apilab-progress';
    this.addClass('apilab-progress');
    this.title.icon = listIcon;
    this.title.caption = 'Course progress';
    this.timer = null;
    this.asking = false;
  }

  onAfterShow() {
    this.refresh();
    if (this.timer === null) {
      this.timer = window.setInterval(() => {
        if (document.visibilityState === 'visible') {
          this.refresh();
        }
      }, REFRESH_MS);
    }
  }

  onAfterHide() {
    window.clearInterval(this.timer);
    this.timer = null;
  }

  async refresh() {
    if (this.asking) {
      return; // one request at a time: a slow answer is not overtaken by the next
    }
    this.asking = true;
    try {
      const settings = ServerConnection.makeSettings();
      const url = URLExt.join(settings.baseUrl, 'apilab', 'progress');
      const reply = await ServerConnection.makeRequest(url, {}, settings);
      if (!reply.ok) {
        throw new Error(`${reply.status} ${reply.statusText}`);
      }
      const progress = await reply.json();
      if (this.isVisible) {
        this.render(progress);
      }
    } catch (error) {
      const said = document.createElement('p');
      said.textContent = `Progress could not be read: ${error.message}`;
      this.node.replaceChildren(said);
    } finally {
      this.asking = false;
    }
  }

  render(progress) {
    const node = document.createElement('div');
    const title = document.createElement('h2');
    title.textContent = 'Course progress';
    node.appendChild(title);

    const exercisesTitle = document.createElement('h3');
    exercisesTitle.textContent = 'Exercises';
    node.appendChild(exercisesTitle);
    if (progress.error) {
      const said = document.createElement('p');
      said.textContent = `The exercises could not be read: ${progress.error}`;
      node.appendChild(said);
    } else if (progress.exercises.length === 0) {
      const none = document.createElement('p');
      none.textContent = 'None released yet: Nbgrader → Assignment List fetches them.';
      node.appendChild(none);
    } else {
      const exercises = table(['exercise', 'state', 'score'], 'exercises');
      const exerciseRows = exercises.createTBody();
      for (const exercise of progress.exercises) {
        const row = exerciseRows.insertRow();
        cell(row, exercise.exercise);
        cell(row, exercise.state);
        cell(row, exercise.score || '–', exercise.score ? 'apilab-progress-done' : '');
        // A class's due date, once its instructor has published it (apilab schedule), on a line of its own,
        // in the learner's time zone (UTC when the mouse is over it).
        if (exercise.due) {
          row.className = 'apilab-progress-dated';
          const said = `due ${localTime(exercise.due)}${exercise.overdue ? ' · past due' : ''}`;
          const due = cell(exerciseRows.insertRow(), said,
            exercise.overdue ? 'apilab-progress-due apilab-progress-overdue' : 'apilab-progress-due');
          due.colSpan = 3;
          due.title = `${exercise.due.slice(0, 16).replace('T', ' ')} UTC`;
        }
      }
      node.appendChild(exercises);
      const policies = new Map();
      for (const exercise of progress.exercises) {
        if (exercise.late_policy) {
          policies.set(exercise.course, exercise.late_policy);
        }
      }
      for (const [course, policy] of policies) {
        const said = document.createElement('p');
        said.className = 'apilab-progress-late';
        said.textContent = policies.size > 1 ? `Late work (${course}): ${policy}` : `Late work: ${policy}`;
        node.appendChild(said);
      }
    }

    const run = progress.lessons.filter(lesson => lesson.run).length;
    const lessonsTitle = document.createElement('h3');
    lessonsTitle.textContent = `Lessons: ${run} of ${progress.lessons.length} run (all or part)`;
    node.appendChild(lessonsTitle);
    const lessons = table(['lesson', 'ran', 'practice checks'], 'lessons');
    const lessonRows = lessons.createTBody();
    for (const lesson of progress.lessons) {
      const row = lessonRows.insertRow();
      const name = cell(row, lessonName(lesson.lesson), 'apilab-progress-link');
      name.title = `Open ${lesson.path}`;
      name.onclick = () => this.app.commands.execute('docmanager:open', { path: lesson.path });
      cell(row, lesson.run ? '✓' : '–', lesson.run ? 'apilab-progress-done' : '');
      const all = lesson.checks_passed === lesson.checks && lesson.checks > 0;
      cell(row, `${lesson.checks_passed} of ${lesson.checks} pass`, all ? 'apilab-progress-done' : '');
    }
    node.appendChild(lessons);

    this.node.replaceChildren(node);
  }
}

const plugin = {
  id: 'apilab-progress:sidebar',
  description: 'The course progress sidebar: lessons run, practice checks, exercises and scores.',
  autoStart: true,
  requires: [ILabShell],
  activate: (app, labShell) => {
    const panel = new ProgressPanel(app);
    labShell.add(panel, 'left', { rank: 150 });
  }
};

export default plugin;
