/* 一图: the carrier map. An enhancement of the server-rendered list: it shows the same filtered set,
   loaded from the GeoJSON endpoint with the page's own query string. */
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }

  function popupHtml(props) {
    var meta = [props.type, props.area].concat(props.levels || []).filter(Boolean).join(" · ");
    return '<div class="map-popup"><p class="map-popup__meta">' + escapeHtml(meta) + "</p>" +
      '<p class="map-popup__title">' + escapeHtml(props.name) + "</p>" +
      '<a class="map-popup__link" href="' + escapeHtml(props.url) + '">' + escapeHtml(props.link_label || "查看载体详情") + "</a></div>";
  }

  function bboxParam(bounds) {
    return [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
      .map(function (v) { return v.toFixed(5); }).join(",");
  }

  function init() {
    var el = document.getElementById("carrier-map");
    var configEl = document.getElementById("carrier-map-config");
    if (!el || !configEl || !window.L) return;
    var config = JSON.parse(configEl.textContent);
    var params = new URLSearchParams(window.location.search);

    var map = L.map(el, { center: config.center, zoom: config.zoom, keyboard: true, zoomSnap: 0.5, minZoom: 8, maxZoom: 18 });
    map.attributionControl.setPrefix(false);
    if (config.tiles.url) {
      var tileOptions = { maxZoom: 18, attribution: config.tiles.attribution };
      if (config.tiles.subdomains) tileOptions.subdomains = config.tiles.subdomains;
      L.tileLayer(config.tiles.url, tileOptions).addTo(map);
      (config.tiles.overlays || []).forEach(function (url) { L.tileLayer(url, tileOptions).addTo(map); });
    } else {
      el.classList.add("carrier-map--no-tiles");
    }

    var icon = L.divIcon({ className: "carrier-marker", html: "<span></span>", iconSize: [22, 22], iconAnchor: [11, 11], popupAnchor: [0, -10] });
    var group = L.markerClusterGroup
      ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, spiderfyOnMaxZoom: true })
      : L.featureGroup();

    // "Search this area": appears once the reader pans or zooms; reloads the page with the box as a filter.
    var AreaSearch = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var button = L.DomUtil.create("button", "map-area-search");
        button.type = "button";
        button.textContent = "搜索此区域";
        button.hidden = true;
        L.DomEvent.disableClickPropagation(button);
        L.DomEvent.on(button, "click", function () {
          params.set("bbox", bboxParam(map.getBounds()));
          params.delete("page");
          window.location.search = params.toString();
        });
        this.button = button;
        return button;
      },
    });
    // Maps whose list does not filter by a box (e.g. 创孵驿站) set data-area-search="off".
    var areaSearch = el.dataset.areaSearch === "off" ? null : new AreaSearch().addTo(map);
    var settled = false;
    map.on("moveend", function () { if (settled && areaSearch) areaSearch.button.hidden = false; });

    el.setAttribute("aria-busy", "true");
    fetch(el.dataset.geojson + window.location.search, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        data.features.forEach(function (feature) {
          var c = feature.geometry.coordinates;
          var props = feature.properties;
          var marker = L.marker([c[1], c[0]], { icon: icon, title: props.name, keyboard: true, riseOnHover: true });
          marker.bindPopup(popupHtml(props));
          marker.on("add", function () {
            var node = marker.getElement();
            if (node) {
              node.setAttribute("role", "button");
              node.setAttribute("aria-label", props.name + "（" + props.type + "）");
              node.dataset.carrierId = feature.id;
            }
          });
          group.addLayer(marker);
        });
        map.addLayer(group);
        el.dataset.markerCount = String(data.features.length);
        var bbox = params.get("bbox");
        if (bbox) {
          var v = bbox.split(",").map(Number);
          map.fitBounds([[v[1], v[0]], [v[3], v[2]]], { animate: false });
        } else if (data.features.length) {
          map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 14, animate: false });
        }
        el.removeAttribute("aria-busy");
        el.classList.add("is-ready");
        // The initial fit is not animated, so its moveend has fired by now: only the reader's own moves
        // from here on offer "search this area" (a timer here raced with quick zoom clicks).
        settled = true;
      })
      .catch(function (error) {
        if (window.console) console.error("carrier map:", error);
        el.removeAttribute("aria-busy");
        el.insertAdjacentHTML("beforeend", '<p class="carrier-map__error">地图数据加载失败，请使用左侧列表。</p>');
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
