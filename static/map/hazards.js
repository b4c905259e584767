/* Open hazards on the dashboard's maps, sent as data instead of code (served at /app/static/map/hazards.js;
   see dashboard/maps.py, HazardPoints). The server sends one compact, column-wise object:

     {lat: [...], lon: [...], title: [...],
      fields: [{label: "编号", values: [...]},                   // one value per point
               {label: "县区", names: [...], codes: [...]}, ...]} // repeated values: a name list and an index per point

   and this script makes the markers, adds them to the map's marker cluster in one go (clustered in the
   browser), and builds a point's tooltip and popup only when they are shown. Every value is set as text
   (textContent / a text node), never as HTML: names are typed by users. */
(function () {
  'use strict';

  function value(field, i) {
    var v = field.values ? field.values[i] : field.names[field.codes[i]];
    return v === null || v === undefined ? '' : String(v);
  }

  function element(tag, text, style) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (style) { node.style.cssText = style; }
    return node;
  }

  /* The popup of point i: its title in bold over a table of the fields (the layout of maps._popup_html). */
  function popup(data, i) {
    var box = element('div', undefined, 'font-size:13px;min-width:220px');
    box.appendChild(element('b', value({values: data.title}, i)));
    var table = element('table');
    data.fields.forEach(function (field) {
      var row = element('tr');
      row.appendChild(element('th', field.label, 'text-align:left;padding-right:8px;white-space:nowrap'));
      row.appendChild(element('td', value(field, i)));
      table.appendChild(row);
    });
    box.appendChild(table);
    return box;
  }

  function tooltip(data, i) {
    return document.createTextNode(value({values: data.title}, i));
  }

  /* Markers for every point, added to ``cluster`` (an L.MarkerClusterGroup) at once; the data stays on the
     cluster (``cluster.dashHazards``), a marker knows its point's index (``marker.options.dashPoint``). */
  function add(cluster, data) {
    var n = data.lat.length, markers = new Array(n);
    function popupOf(layer) { return popup(data, layer.options.dashPoint); }
    function tooltipOf(layer) { return tooltip(data, layer.options.dashPoint); }
    for (var i = 0; i < n; i++) {
      markers[i] = L.marker([data.lat[i], data.lon[i]], {dashPoint: i})
        .bindTooltip(tooltipOf)
        .bindPopup(popupOf, {maxWidth: 300});
    }
    cluster.dashHazards = data;
    cluster.addLayers(markers);
    return markers;
  }

  window.dashHazards = {add: add, popup: popup, tooltip: tooltip};
})();
