/* Loaded before Leaflet. Without 3D transforms Leaflet places markers with left/top, so
   hundreds of markers do not each become a composited layer; with software rendering
   (no GPU on many workstations) every layer costs time in every frame. */
window.L_DISABLE_3D = true;
