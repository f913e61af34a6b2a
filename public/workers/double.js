// A worker the parallelism lesson starts by hand: it answers each number with its double.
self.addEventListener('message', (event) => {
  self.postMessage(event.data * 2);
});
