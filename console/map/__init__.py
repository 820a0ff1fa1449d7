"""The embedded live map (指挥一张图): built once with folium, driven through QWebChannel."""
