/** A product in the catalogue: version 1 keeps the price as the text the supplier sends. */
export interface Product {
  id: string;
  name: string;
  price: string;
  description: string;
}
