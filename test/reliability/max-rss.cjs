// Preloaded (node --require) into child processes the reliability tests start: prints the
// process's peak resident memory on exit, so a test can check memory stays bounded.
process.on("exit", () => {
  require("node:fs").writeSync(2, `\nmax-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
