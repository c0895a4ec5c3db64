// A shop front that lists and creates products through the Products API on another origin.
// The API's address comes from the page's query string: products.html?api=http://127.0.0.1:PORT
const api = new URLSearchParams(location.search).get("api");
const status = document.getElementById("status");
document.getElementById("api").textContent = api;

function show(products) {
  const items = products.map(product => {
    const item = document.createElement("li");
    item.textContent = `${product.name}: ${product.price_cents} cents`;  // text, never HTML
    return item;
  });
  document.getElementById("products").replaceChildren(...items);
}

async function loadProducts() {
  try {
    const response = await fetch(`${api}/api/products/`);        // a "simple" GET: no preflight
    const products = await response.json();
    show(products);
    status.textContent = `Loaded ${products.length} products.`;
  } catch (error) {
    // The browser hides why; its console says it: the answer had no Access-Control-Allow-Origin.
    status.textContent = `Refused by the browser: ${error.message}`;
  }
}

async function createProduct(event) {
  event.preventDefault();
  const product = {
    name: document.getElementById("name").value,
    price_cents: Number(document.getElementById("price").value),
  };
  try {
    const response = await fetch(`${api}/api/products/`, {     // JSON: the browser asks first (preflight)
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify(product),
    });
    const body = await response.json();
    if (!response.ok) {
      status.textContent = `Not created (${response.status}): ${JSON.stringify(body)}`;
      return;
    }
    await loadProducts();
    status.textContent = `Created ${body.name} (id ${body.id}).`;
  } catch (error) {
    status.textContent = `Refused by the browser: ${error.message}`;
  }
}

document.getElementById("load").addEventListener("click", loadProducts);
document.getElementById("create").addEventListener("submit", createProduct);
