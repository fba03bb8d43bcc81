// Draws every chart placeholder (figure.chart) with vega-embed, which the page's inlined
// Vega bundle puts on window. The static SVG stays in place if anything goes wrong, so the
// chart always reads; once the interactive chart is drawn the static copy is removed.
(function renderCharts() {
  const embed = window.vegaEmbed;
  if (typeof embed !== "function") {
    return;
  }
  for (const figure of document.querySelectorAll("figure.chart[data-chart-id]")) {
    const specNode = figure.querySelector("script.chart-spec");
    const view = figure.querySelector(".chart-view");
    if (!specNode || !view) {
      continue;
    }
    const target = document.createElement("div");
    target.className = "chart-interactive";
    // The figure's caption and its table of figures are the text alternative: the
    // drawing's own ARIA tree (unnamed marks) stays hidden with its hidden container.
    target.setAttribute("aria-hidden", "true");
    view.appendChild(target);
    let spec;
    try {
      spec = JSON.parse(specNode.textContent);
    } catch (error) {
      target.remove();
      console.warn("Chart " + figure.dataset.chartId + " keeps its static image: " + error);
      continue;
    }
    // ast: Vega's expression interpreter instead of `new Function`, and no injected
    // styles (charts.css has them): the page's Content-Security-Policy allows neither.
    embed(target, spec, {
      renderer: "svg",
      actions: false,
      ast: true,
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
    })
      .then(function () {
        const staticNode = view.querySelector(".chart-static");
        if (staticNode) {
          staticNode.remove();
        }
        figure.dataset.rendered = "true";
      })
      .catch(function (error) {
        target.remove();
        console.warn("Chart " + figure.dataset.chartId + " keeps its static image: " + error);
      });
  }
})();
