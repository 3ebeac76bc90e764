/* Tech Pulse's search page (newsdesk.site.searchpage): loaded on search.html only, deferred,
 * after Sphinx's searchtools.js and before its search runs (at DOMContentLoaded).
 *
 * - Summaries from the post itself: Sphinx's Search.htmlToText reads the page's
 *   [role="main"], which in sphinx-book-theme also holds the header's colour-mode menu and
 *   the contents panel ("Light Dark Contents ..."). Here it reads the page's article only,
 *   without headings' "#" links, navigation (previous/next issues) and icons.
 * - Newest first: results of equal score are ordered by the post's date (newest first),
 *   from the dates the build writes into the page (#newsdesk-post-dates: [[docname, date],
 *   ...], newest first). Pages that are not posts come after posts of the same score.
 */
"use strict";
(() => {
  if (typeof Search === "undefined" || typeof Scorer === "undefined") return;

  const REMOVED = [".headerlink", "script", "style", "nav", "svg", "button", "dialog"];
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    const article = page.querySelector("article.bd-article") || page.querySelector('[role="main"]');
    if (!article) return "";
    article.querySelectorAll(REMOVED.join(",")).forEach((element) => element.remove());
    const id = anchor && anchor.startsWith("#") ? anchor.slice(1) : "";
    const part = id ? page.getElementById(id) : null;
    const text = (part && article.contains(part) ? part : article).textContent || "";
    return text.replace(/\s+/g, " ").trim();
  };

  const data = document.getElementById("newsdesk-post-dates");
  let dated = [];
  try {
    dated = data ? JSON.parse(data.textContent) : [];
  } catch (error) {
    dated = [];
  }
  // rank: 1 for the oldest post ... dated.length for the newest; a fraction below 1 is added
  // to Sphinx's integer scores, so it orders equal scores only.
  const rank = new Map(dated.map(([docname], index) => [docname, dated.length - index]));
  const previous = Scorer.score;
  Scorer.score = (result) => {
    const score = previous ? previous(result) : result[4];
    return score + (rank.get(result[0]) || 0) / (dated.length + 1);
  };
})();
