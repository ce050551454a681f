/** Version 2: prices become whole cents, so that sums are exact. */
export interface Product {
  id: string;
  name: string;
  /**
   * The price in cents (2999 for 29.99).
   * @renamedFrom price
   */
  priceInCents: number;
  description: string;
}
