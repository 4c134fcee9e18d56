// patchlane dashboard: one EventSource per page on the job event stream; every value from a job is set as text, never as markup.
(function () {
  'use strict';
  var page = document.body.getAttribute('data-page');
  var initialElement = document.getElementById('initial');
  var initial = initialElement ? JSON.parse(initialElement.textContent) : {};
  var live = document.getElementById('live');
  window.patchlaneDashboard = { events: 0, updates: 0 };

  function say(text) {
    if (live) {
      live.textContent = text;
    }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function laneOf(lane) {
    return lane ? String(lane).toLowerCase() : 'none';
  }

  function stateBadge(state) {
    return element('span', 'state state-' + String(state).replace(/[^A-Z_]/g, ''), state);
  }

  function follow(url, onStatus, onRemoved) {
    var source = new EventSource(url);
    source.addEventListener('open', function () { say('Live: following the job event stream.'); });
    source.addEventListener('status', function (event) {
      var status;
      try {
        status = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      window.patchlaneDashboard.events++;
      onStatus(status);
    });
    source.addEventListener('removed', function (event) {
      try {
        if (onRemoved) {
          onRemoved(JSON.parse(event.data).jobId);
        }
      } catch (e) {
        // an unreadable event changes nothing
      }
    });
    source.addEventListener('error', function () {
      say(source.readyState === EventSource.CLOSED ? 'The live stream has closed; reload the page to follow again.'
        : 'The live stream was interrupted; reconnecting…');
    });
    return source;
  }

  function rate(escalated, routedFast) {
    if (routedFast === 0) {
      return 'no fast attempts yet';
    }
    return (escalated * 100 / routedFast).toFixed(1) + '% (' + escalated + ' of ' + routedFast + ' jobs routed fast)';
  }

  function overview() {
    var counts = initial.counts;
    var groups = initial.series.groups;
    var terminal = initial.series.terminal;
    var names = initial.series.names;
    var routedFast = initial.routedFast;
    var escalated = initial.escalated;
    var counted = {};
    var recentBody = document.querySelector('#recent tbody');

    function add(state, lane, delta) {
      if (!counts[state]) {
        return;
      }
      var now = (counts[state][lane] || 0) + delta;
      counts[state][lane] = Math.max(0, now);
      var row = document.querySelector('#counts tr[data-state="' + state + '"]');
      if (row) {
        row.querySelector('[data-lane="' + lane + '"]').textContent = String(counts[state][lane]);
        var total = 0;
        Object.keys(counts[state]).forEach(function (l) { total += counts[state][l]; });
        row.querySelector('[data-lane="total"]').textContent = String(total);
      }
    }

    function values() {
      var result = {};
      names.forEach(function (name) { result[name] = 0; });
      Object.keys(counts).forEach(function (state) {
        Object.keys(counts[state]).forEach(function (lane) {
          var n = counts[state][lane];
          Object.keys(groups).forEach(function (name) {
            if (groups[name].indexOf(state) >= 0) {
              result[name] += n;
            }
          });
          var ended = terminal.indexOf(state) >= 0;
          if (!ended && (lane === 'fast' || lane === 'deep')) {
            result[lane + ' in flight'] += n;
          }
          if (ended) {
            result.ended += n;
          }
        });
      });
      return result;
    }

    function upsertRecent(status) {
      var row = recentBody.querySelector('tr[data-job="' + CSS.escape(status.jobId) + '"]');
      if (!row) {
        row = element('tr');
        row.setAttribute('data-job', status.jobId);
        var idCell = element('td');
        var link = element('a', null, status.jobId);
        link.href = '/dashboard/jobs/' + encodeURIComponent(status.jobId);
        idCell.appendChild(link);
        row.appendChild(idCell);
        row.appendChild(element('td', null, status.kind));
        row.appendChild(element('td', 'path', status.repository));
        var state = element('td');
        state.setAttribute('data-field', 'state');
        row.appendChild(state);
        var lane = element('td');
        lane.setAttribute('data-field', 'lane');
        row.appendChild(lane);
        var updated = element('td');
        updated.setAttribute('data-field', 'updated');
        row.appendChild(updated);
      }
      var stateCell = row.querySelector('[data-field="state"]');
      stateCell.textContent = '';
      stateCell.appendChild(stateBadge(status.state));
      row.querySelector('[data-field="lane"]').textContent = laneOf(status.lane);
      var time = element('time', null, status.updatedAt);
      time.setAttribute('datetime', status.updatedAt);
      var updatedCell = row.querySelector('[data-field="updated"]');
      updatedCell.textContent = '';
      updatedCell.appendChild(time);
      recentBody.insertBefore(row, recentBody.firstChild);
      while (recentBody.rows.length > 50) {
        recentBody.deleteRow(recentBody.rows.length - 1);
      }
    }

    function firstRoutedFast(history) {
      for (var i = 0; i < history.length; i++) {
        if (history[i].state === 'ROUTED') {
          return history[i].lane === 'FAST' && i === history.length - 1;
        }
      }
      return false;
    }

    follow('/events', function (status) {
      var history = status.history || [];
      var length = history.length;
      var before = counted[status.jobId];
      if (before && before.length >= length) {
        return;
      }
      var previous = null;
      if (before) {
        previous = before;
      } else if (length >= 2) {
        var previousState = history[length - 2].state;
        previous = { state: previousState, lane: previousState === 'SUBMITTED' ? 'none'
          : (status.state === 'ROUTED' && previousState === 'ESCALATED' ? 'fast' : laneOf(status.lane)) };
      }
      if (previous) {
        add(previous.state, previous.lane, -1);
      }
      add(status.state, laneOf(status.lane), 1);
      if (status.state === 'ESCALATED' && !(before && before.state === 'ESCALATED')) {
        escalated++;
      }
      if (status.state === 'ROUTED' && firstRoutedFast(history)) {
        routedFast++;
      }
      document.getElementById('escalation').textContent = rate(escalated, routedFast);
      var dead = 0;
      Object.keys(counts.DEAD).forEach(function (l) { dead += counts.DEAD[l]; });
      document.getElementById('dead-jobs').textContent = String(dead);
      counted[status.jobId] = { state: status.state, lane: laneOf(status.lane), length: length };
      upsertRecent(status);
      window.patchlaneDashboard.updates++;
    });

    var chartElement = document.getElementById('chart');
    if (typeof uPlot === 'undefined' || !chartElement) {
      return;
    }
    var data = [[]];
    names.forEach(function () { data.push([]); });
    initial.samples.forEach(function (sample) {
      data[0].push(Date.parse(sample.at) / 1000);
      names.forEach(function (name, i) { data[i + 1].push(sample.values[name] || 0); });
    });
    var palette = ['#5b6675', '#0b57d0', '#9a6700', '#6f42c1', '#0a5c36', '#a40e26', '#1f7a8c', '#c2410c', '#16202c'];
    var series = [{ label: 'time' }];
    names.forEach(function (name, i) {
      series.push({ label: name, stroke: palette[i % palette.length], width: 2, show: name !== 'ended' });
    });
    var chart = new uPlot({ width: Math.max(320, chartElement.clientWidth), height: 260, series: series,
      axes: [{}, { label: 'jobs' }], scales: { x: { time: true } } }, data, chartElement);
    var throughput = document.getElementById('throughput');
    setInterval(function () {
      var now = values();
      data[0].push(Date.now() / 1000);
      names.forEach(function (name, i) { data[i + 1].push(now[name]); });
      if (data[0].length > 360) {
        data.forEach(function (column) { column.shift(); });
      }
      chart.setData(data);
      var last = data[0].length - 1;
      var from = 0;
      while (from < last && data[0][from] < data[0][last] - 300) {
        from++;
      }
      var endedColumn = data[names.indexOf('ended') + 1];
      var minutes = (data[0][last] - data[0][from]) / 60;
      if (minutes > 0) {
        throughput.textContent = (Math.max(0, endedColumn[last] - endedColumn[from]) / minutes).toFixed(1) + ' jobs ended per minute';
      }
    }, 5000);
  }

  function job() {
    var id = initial.jobId;
    var seen = initial.history;
    var state = initial.state;

    function timeline(history) {
      var list = document.getElementById('timeline');
      list.textContent = '';
      history.forEach(function (transition) {
        var item = element('li');
        item.appendChild(stateBadge(transition.state));
        item.appendChild(document.createTextNode(' '));
        var meta = element('span', 'muted', 'by ' + transition.stage + ', lane ' + laneOf(transition.lane) + ', ');
        var time = element('time', null, transition.at);
        time.setAttribute('datetime', transition.at);
        meta.appendChild(time);
        item.appendChild(meta);
        if (transition.reason) {
          item.appendChild(element('p', 'reason', transition.reason));
        }
        list.appendChild(item);
      });
    }

    function details() {
      fetch('/dashboard/jobs/' + encodeURIComponent(id) + '/details', { credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) {
            return;
          }
          // The fragment is the server's own rendering, escaped there like the page it came with.
          var parsed = new DOMParser().parseFromString(html, 'text/html');
          var target = document.getElementById('details');
          target.textContent = '';
          Array.prototype.slice.call(parsed.body.childNodes).forEach(function (node) {
            target.appendChild(document.adoptNode(node));
          });
        });
    }

    var ended = 'This job has ended; nothing more will happen to it.';
    // The job's stream ends once the job is terminal; an EventSource left open would reconnect again and again.
    if (initial.terminal.indexOf(state) >= 0) {
      say(ended);
      return;
    }
    var source = follow('/jobs/' + encodeURIComponent(id) + '/events', function (status) {
      if (initial.terminal.indexOf(status.state) >= 0) {
        source.close();
        say(ended);
      }
      if (status.jobId !== id || !status.history || status.history.length <= seen) {
        return;
      }
      seen = status.history.length;
      var stateCell = document.getElementById('job-state');
      stateCell.textContent = '';
      stateCell.appendChild(stateBadge(status.state));
      document.getElementById('job-lane').textContent = laneOf(status.lane);
      document.getElementById('job-reason').textContent = status.reason || '';
      timeline(status.history);
      if (status.state !== state) {
        state = status.state;
        details();
      }
      window.patchlaneDashboard.updates++;
    });
  }

  function migrations() {
    var jobs = initial.jobs;
    var terminal = initial.terminal;

    function refresh(migration) {
      var section = document.querySelector('section[data-migration="' + CSS.escape(migration) + '"]');
      if (!section) {
        return;
      }
      var entries = jobs[migration];
      var byRepository = {};
      var total = 0;
      var ended = 0;
      Object.keys(entries).forEach(function (jobId) {
        var parts = entries[jobId].split('\u0000');
        var repository = parts[1];
        var entry = byRepository[repository] || (byRepository[repository] = { jobs: 0, ended: 0, states: {} });
        entry.jobs++;
        entry.states[parts[0]] = (entry.states[parts[0]] || 0) + 1;
        total++;
        if (terminal.indexOf(parts[0]) >= 0) {
          entry.ended++;
          ended++;
        }
      });
      var percent = total === 0 ? 0 : Math.floor(ended * 100 / total);
      section.querySelector('[data-field="summary"]').textContent = ended + ' of ' + total + ' jobs ended (' + percent + '%).';
      var bar = section.querySelector('p + progress[data-field="bar"]');
      if (bar) {
        bar.value = percent;
        bar.textContent = percent + '%';
      }
      var body = section.querySelector('tbody');
      Object.keys(byRepository).sort().forEach(function (repository) {
        var entry = byRepository[repository];
        var row = body.querySelector('tr[data-repository="' + CSS.escape(repository) + '"]');
        if (!row) {
          row = element('tr');
          row.setAttribute('data-repository', repository);
          var name = element('th', 'path', repository);
          name.setAttribute('scope', 'row');
          row.appendChild(name);
          ['jobs', 'finished'].forEach(function (field) {
            var cell = element('td');
            cell.setAttribute('data-field', field);
            row.appendChild(cell);
          });
          var barCell = element('td');
          var repositoryBar = element('progress', 'bar');
          repositoryBar.max = 100;
          repositoryBar.setAttribute('aria-label', repository + ': jobs ended');
          repositoryBar.setAttribute('data-field', 'bar');
          barCell.appendChild(repositoryBar);
          row.appendChild(barCell);
          var states = element('td');
          states.setAttribute('data-field', 'states');
          row.appendChild(states);
          body.appendChild(row);
        }
        var repositoryPercent = Math.floor(entry.ended * 100 / entry.jobs);
        row.querySelector('[data-field="jobs"]').textContent = String(entry.jobs);
        row.querySelector('[data-field="finished"]').textContent = String(entry.ended);
        var rowBar = row.querySelector('[data-field="bar"]');
        rowBar.value = repositoryPercent;
        rowBar.textContent = repositoryPercent + '%';
        row.querySelector('[data-field="states"]').textContent = Object.keys(entry.states).sort()
          .map(function (s) { return s + ' ' + entry.states[s]; }).join(', ');
      });
    }

    follow('/events?source=migration', function (status) {
      var migration = status.source && status.source.reference;
      if (!migration || !jobs[migration]) {
        return;
      }
      jobs[migration][status.jobId] = status.state + '\u0000' + status.repository;
      refresh(migration);
      window.patchlaneDashboard.updates++;
    }, function (jobId) {
      Object.keys(jobs).forEach(function (migration) {
        if (jobs[migration][jobId]) {
          delete jobs[migration][jobId];
          refresh(migration);
        }
      });
    });

    Array.prototype.forEach.call(document.querySelectorAll('button[data-cancel]'), function (button) {
      button.addEventListener('click', function () {
        var id = button.getAttribute('data-cancel');
        button.disabled = true;
        fetch('/migrations/' + encodeURIComponent(id), { method: 'DELETE', credentials: 'same-origin',
          headers: { 'X-Patchlane-Dashboard': '1' } })
          .then(function (response) {
            say(response.ok ? 'Migration ' + id + ' cancelled: jobs not yet submitted will not be.'
              : 'Cancelling ' + id + ' was refused (HTTP ' + response.status + ').');
            if (!response.ok) {
              button.disabled = false;
            }
          }, function () {
            say('Cancelling ' + id + ' failed: the service did not answer.');
            button.disabled = false;
          });
      });
    });
  }

  if (page === 'overview') {
    overview();
  } else if (page === 'job') {
    job();
  } else if (page === 'migrations') {
    migrations();
  }
}());
