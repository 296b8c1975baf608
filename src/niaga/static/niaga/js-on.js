// Before the first paint (a blocking script in <head>): styles for pages with JavaScript
// (`.js .js-hide`) apply at once. A file, not an inline script: the CSP allows no inline code.
document.documentElement.classList.add("js");
