/* 政策问答 widget: <script src="https://QA-HOST/widget.js"></script> adds a floating
 * button that opens the compact chat (/embed/) in a panel. No dependencies, no cookies.
 * Optional attributes on the script tag: data-title="…" (panel title),
 * data-position="left" (button on the left).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__policyQaWidget) {
    return;
  }
  window.__policyQaWidget = true;
  var base = new URL(script.src, document.baseURI);
  var chatUrl = base.origin + "/embed/";
  var title = script.getAttribute("data-title") || "政策问答";
  var side = script.getAttribute("data-position") === "left" ? "left" : "right";

  function el(tag, attrs, styles) {
    var node = document.createElement(tag);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    Object.keys(styles).forEach(function (key) { node.style[key] = styles[key]; });
    return node;
  }

  var font = "'Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei',sans-serif";
  var button = el("button", {
    type: "button", id: "policy-qa-button", "aria-label": "打开" + title,
    "aria-expanded": "false", title: title
  }, {
    position: "fixed", bottom: "20px", zIndex: "2147483000", padding: "12px 18px",
    border: "none", borderRadius: "24px", background: "#c81e1e", color: "#fff",
    font: "15px " + font, boxShadow: "0 4px 12px rgba(0,0,0,.25)", cursor: "pointer"
  });
  button.style[side] = "20px";
  button.textContent = title;

  var panel = el("div", { id: "policy-qa-panel", role: "dialog", "aria-label": title }, {
    position: "fixed", bottom: "80px", zIndex: "2147483000", display: "none",
    flexDirection: "column", width: "min(420px, calc(100vw - 24px))",
    height: "min(640px, calc(100vh - 100px))", background: "#fff", borderRadius: "12px",
    boxShadow: "0 8px 30px rgba(0,0,0,.3)", overflow: "hidden"
  });
  panel.style[side] = "12px";
  var header = el("div", {}, {
    display: "flex", alignItems: "center", justifyContent: "space-between",
    padding: "8px 12px", background: "#c81e1e", color: "#fff", font: "15px " + font
  });
  var heading = el("span", {}, {});
  heading.textContent = title;
  var close = el("button", { type: "button", "aria-label": "关闭" }, {
    border: "none", background: "transparent", color: "#fff", fontSize: "20px",
    cursor: "pointer", lineHeight: "1"
  });
  close.textContent = "×";
  header.appendChild(heading);
  header.appendChild(close);
  panel.appendChild(header);
  var frame = null;

  function setOpen(open) {
    if (open && !frame) {
      frame = el("iframe", { id: "policy-qa-frame", src: chatUrl, title: title }, {
        flex: "1", width: "100%", border: "none"
      });
      panel.appendChild(frame);
    }
    panel.style.display = open ? "flex" : "none";
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  button.addEventListener("click", function () { setOpen(panel.style.display === "none"); });
  close.addEventListener("click", function () { setOpen(false); });

  function mount() {
    document.body.appendChild(panel);
    document.body.appendChild(button);
  }
  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
})();
