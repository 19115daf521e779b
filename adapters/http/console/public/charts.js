// Draws the charts page from /staff/charts.json with Chart.js (loaded before this file).
'use strict';
(async () => {
  const response = await fetch('/staff/charts.json', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) return;
  const data = await response.json();
  const weeks = data.weeks.map((w) => w.slice(5));
  const palette = ['#0b5cad', '#c2410c', '#1e6b34', '#7e22ce', '#a16207', '#be123c', '#0e7490', '#4d7c0f', '#334155', '#9d174d'];
  const common = { responsive: true, maintainAspectRatio: false, animation: false };
  const draw = (id, config) => {
    const canvas = document.getElementById(id);
    if (canvas && window.Chart) new window.Chart(canvas, config);
  };
  draw('chart-per-category', {
    type: 'bar',
    data: {
      labels: weeks,
      datasets: data.perCategory.categories.map((_, i) => ({ label: data.labels.categories[i], data: data.perCategory.counts[i], backgroundColor: palette[i % palette.length] })),
    },
    options: { ...common, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });
  draw('chart-median', {
    type: 'line',
    data: { labels: weeks, datasets: [{ label: data.labels.medianHours, data: data.medianResolveHours, borderColor: '#0b5cad', backgroundColor: '#0b5cad', spanGaps: true }] },
    options: { ...common, scales: { y: { beginAtZero: true } } },
  });
  draw('chart-satisfaction', {
    type: 'bar',
    data: {
      labels: weeks,
      datasets: [
        { label: data.labels.up, data: data.satisfaction.up, backgroundColor: '#1e6b34' },
        { label: data.labels.down, data: data.satisfaction.down, backgroundColor: '#a4161a' },
      ],
    },
    options: { ...common, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
})();
