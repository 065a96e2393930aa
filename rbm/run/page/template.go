package page

import "html/template"

// checkScript runs when the page has loaded: it lists the pictures that
// were not decoded and the curves that are not drawn, and writes the
// result into the body's data-check attribute and the #check line. It is
// written without < and & so that the page stays well-formed XML.
const checkScript = `
window.addEventListener("load", function () {
  var bad = [];
  var imgs = document.images;
  for (var i = 0; i !== imgs.length; i++) {
    if (!imgs[i].complete || imgs[i].naturalWidth === 0) {
      bad.push("picture " + imgs[i].getAttribute("src"));
    }
  }
  var figs = document.querySelectorAll("figure.curve");
  for (var j = 0; j !== figs.length; j++) {
    var svg = figs[j].querySelector("svg");
    if (!svg || svg.getBoundingClientRect().width === 0) {
      bad.push("curve " + figs[j].getAttribute("data-name"));
    }
  }
  var want = Number(document.body.getAttribute("data-curves"));
  if (figs.length !== want) {
    bad.push(figs.length + " curves of " + want);
  }
  var result = bad.length === 0 ? "ok" : bad.join("; ");
  document.body.setAttribute("data-check", result);
  var line = document.getElementById("check");
  if (line) {
    line.textContent = result === "ok" ? "Every picture and curve of this page is shown." : "Not shown: " + result;
  }
});
`

// pageTemplate is the page. Its markup is well-formed XML as well as HTML
// (elements closed, attributes quoted), which the tests check.
var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{{.Title}}</title>
<style>
body { font-family: sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.5em; }
h2 { font-size: 1.2em; margin-top: 1.5em; border-bottom: 1px solid #ccc; }
.grid { display: flex; flex-wrap: wrap; gap: 1em; }
figure { margin: 0; }
figure.curve svg { max-width: 100%; height: auto; }
figure.picture img { max-width: 100%; image-rendering: pixelated; border: 1px solid #ddd; }
figcaption { font-size: 0.85em; color: #555; }
table { border-collapse: collapse; font-size: 0.9em; }
td, th { padding: 0.2em 0.7em; border-bottom: 1px solid #eee; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.best { background: #eaf4e4; font-weight: bold; }
.note { color: #555; }
</style>
</head>
<body data-curves="{{len .Curves}}" data-check="pending">
<h1>{{.Title}}</h1>
{{range .Notes}}<p class="note">{{.}}</p>
{{end}}<p class="note">Page written {{.Updated}}; it is rewritten after every epoch (reload to see the latest).</p>

<h2 id="monitors">Monitors</h2>
{{if .Curves}}<div class="grid">
{{range .Curves}}<figure class="curve" data-name="{{.Name}}">{{.SVG}}</figure>
{{end}}</div>
<p class="note">The same curves as one picture: <a href="{{.CurvesFile}}">{{.CurvesFile}}</a>. Gaps are epochs without a value.</p>
<table>
<tr><th>monitor</th><th>latest value</th></tr>
{{range .Latest}}<tr><td>{{.Name}}</td><td class="num">{{.Value}}</td></tr>
{{end}}</table>
{{else}}<p>No monitor has a value yet.</p>
{{end}}{{if .Empty}}<p class="note">Columns without a value: {{range $i, $e := .Empty}}{{if $i}}, {{end}}{{$e}}{{end}}.</p>
{{end}}{{if .Undrawn}}<p class="note">Curves that could not be drawn: {{range $i, $e := .Undrawn}}{{if $i}}; {{end}}{{$e}}{{end}}.</p>
{{end}}
<h2 id="pictures">Pictures</h2>
{{if .Pictures}}<div class="grid">
{{range .Pictures}}<figure class="picture"><img src="{{.}}" alt="{{.}}"/><figcaption>{{.}}</figcaption></figure>
{{end}}</div>
{{else}}<p>No pictures yet.</p>
{{end}}
<h2 id="checkpoints">Checkpoints</h2>
{{if .Checkpoints}}<table>
<tr><th>epochs</th><th>batches</th><th>file</th><th>size</th><th>written</th>{{if .BestColumn}}<th>{{.BestColumn}}</th>{{end}}<th></th></tr>
{{range .Checkpoints}}<tr{{if .Best}} class="best"{{end}}><td class="num">{{.Epochs}}</td><td class="num">{{.Batches}}</td><td><a href="{{.File}}">{{.File}}</a></td><td class="num">{{.Size}}</td><td>{{.Time}}</td>{{if $.BestColumn}}<td class="num">{{.Value}}</td>{{end}}<td>{{if .Best}}best{{end}}</td></tr>
{{end}}</table>
{{else}}<p>No checkpoints yet.</p>
{{end}}{{if .Damaged}}<p>Files named like checkpoints that cannot be read:</p>
<ul>
{{range .Damaged}}<li>{{.Path}}: {{.Err}}</li>
{{end}}</ul>
{{end}}
<p id="check" class="note">The pictures and curves have not been checked (the page's script did not run).</p>
<script>` + checkScript + `</script>
</body>
</html>
`))
