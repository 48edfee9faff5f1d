/**
 * Serves many reads of one kind of resource (credentials, folders) from its list endpoint instead
 * of one GET each, within one provider process. The engine reads every resource of a stack in a
 * refresh, a few at a time (`--parallel`, 8 by default): once a run has asked for enough reads to
 * show the stack is not tiny, reads wait for the pages of one shared listing, fetched one at a time
 * and only while some read still waits for them. What the listing holds is reused for a short time.
 *
 * Never a different answer than a GET: anything not found in the listing (deleted, created after
 * it, or shifted past a page boundary by a delete elsewhere: the server pages by offset) gets its
 * own GET, so only the resource's own 404 can declare it gone. Never much costlier than GETs: no
 * listing below a burst of reads, and a listing stops fetching pages once they outnumber the reads
 * they answered by a set margin (a small stack in a large organization lists one or two pages, then
 * reads one by one as before).
 */
import type { WritePhase } from "../../sdk/http";
import { skyvernIdCreatedAtMs } from "../../sdk/ids";

export interface ListingSource<T> {
  /** One page (1-based) of the list. */
  listPage(page: number, pageSize: number): Promise<T[]>;
  /** The resource's own GET, which answers 404 (a NotFoundError) for one that is gone. */
  get(id: string): Promise<T>;
  idOf(item: T): string;
  pageSize: number;
  /**
   * Whether the list is ordered newest created first (credentials; folders are ordered by last
   * change): then an id created after a page's last item was due on a page already fetched.
   */
  newestCreatedFirst: boolean;
}

export interface CoalescingPolicy {
  /** Read on every call: the stack's configuration can switch coalescing off. */
  enabled(): boolean;
  /** Reads a run must ask for before a listing starts: below it, each read is one GET as before. */
  burstReads: number;
  /** How long the first reads wait for others to arrive before going alone. */
  gatherMs: number;
  /** How long a listing's pages answer reads after the listing started. */
  freshForMs: number;
  /** Pages a listing may cost beyond the reads it answered before it is given up. */
  unpaidPages: number;
}

interface Waiter<T> {
  resolve: (item: T) => void;
  reject: (error: unknown) => void;
}

class Listing<T> {
  readonly startedAt = Date.now();
  readonly entries = new Map<string, T>();
  readonly waiting = new Map<string, Waiter<T>[]>();
  pagesFetched = 0;
  /** Reads answered from the listing's pages. */
  answered = 0;
  /** A short page was seen: the listing reached the end of the list (what it missed was moved or deleted meanwhile). */
  complete = false;
  /** Creation times (whole seconds) of the first item listed and of the last, for lists newest first. */
  listedFromMs: number | undefined;
  listedDownToMs = Number.POSITIVE_INFINITY;
  pumping = false;
}

export class ReadCoalescer<T> {
  private asked = 0;
  private listing: Listing<T> | undefined;
  /** Set once a listing did not pay for itself: this process then reads one by one. */
  private givenUp = false;
  /** Changes whenever a write starts or ends: a page requested before that may predate it. */
  private writeGeneration = 0;
  private writesInFlight = 0;

  constructor(private readonly source: ListingSource<T>, private readonly policy: CoalescingPolicy) {}

  async read(id: string): Promise<T> {
    if (!this.policy.enabled()) return this.get(id);
    this.asked++;
    if (this.asked < this.policy.burstReads) {
      // The engine sends a refresh's first reads together: waiting a moment lets them count.
      await sleep(this.policy.gatherMs);
      if (this.asked < this.policy.burstReads) return this.get(id);
    }
    return this.fromListing(id);
  }

  /**
   * The client now talks to another server or with another key: what was listed and counted came
   * from the previous one. A page still in flight from it is discarded (the generation moves on).
   */
  startOver(): void {
    this.asked = 0;
    this.listing = undefined;
    this.givenUp = false;
    this.writeGeneration++;
  }

  /** A write to `id` started or ended: forget what was listed of it (and, without an id, of everything). */
  writeSeen(phase: WritePhase, id?: string): void {
    this.writeGeneration++;
    this.writesInFlight += phase === "start" ? 1 : -1;
    if (id === undefined) this.listing = undefined;
    else this.listing?.entries.delete(id);
  }

  private fromListing(id: string): Promise<T> {
    if (this.givenUp) return this.get(id);
    const listing = this.currentListing();
    if (!listing) return this.get(id);
    const listed = listing.entries.get(id);
    if (listed !== undefined) {
      listing.answered++;
      return Promise.resolve(structuredClone(listed));
    }
    // Not in a listing that saw everything, or should have been on a page already fetched: its own GET decides.
    if (listing.complete || this.wasDueAlready(listing, id)) return this.get(id);
    return new Promise<T>((resolve, reject) => {
      const waiters = listing.waiting.get(id) ?? [];
      waiters.push({ resolve, reject });
      listing.waiting.set(id, waiters);
      void this.pump(listing);
    });
  }

  /** The listing reads share, started anew once the last one is too old; none once listing did not pay. */
  private currentListing(): Listing<T> | undefined {
    const last = this.listing;
    if (last && Date.now() - last.startedAt <= this.policy.freshForMs) return last;
    // A listing that cost more pages than the reads it answered says the organization is far
    // larger than the stack: this process reads one by one from now on.
    if (last && last.answered < last.pagesFetched) {
      this.givenUp = true;
      return undefined;
    }
    this.listing = new Listing<T>();
    return this.listing;
  }

  /**
   * Fetches pages one at a time while reads wait for them. A page is fetched only while the pages
   * so far cost at most `unpaidPages` more than the reads they answered; reads still waiting when
   * it stops read alone, and later reads can resume it once its pages have answered enough.
   */
  private async pump(listing: Listing<T>): Promise<void> {
    if (listing.pumping) return;
    listing.pumping = true;
    try {
      while (listing.waiting.size > 0 && !listing.complete && this.listing === listing && this.mayFetchNextPage(listing)) {
        const generation = this.writeGeneration;
        const writing = this.writesInFlight > 0;
        const page = await this.source.listPage(listing.pagesFetched + 1, this.source.pageSize);
        listing.pagesFetched++;
        if (writing || generation !== this.writeGeneration) {
          // A write ran during this page: it may show what the write changed as it was before.
          if (this.listing === listing) this.listing = undefined;
          break;
        }
        this.take(listing, page);
      }
    } catch {
      // The listing failed (after the transport's retries): every read it held goes on alone, as
      // without coalescing, and reports its own failure if the server is really unwell.
      this.givenUp = true;
    } finally {
      listing.pumping = false;
      for (const [id, waiters] of listing.waiting) this.settleAlone(listing, id, waiters);
    }
  }

  /**
   * Pages not yet paid for by reads they answered stay within `unpaidPages`. Beyond that, for a list
   * ordered by creation, one more page each for the reads waiting (each would otherwise cost a GET),
   * and only when the pages so far, by the creation times they covered, put the nearest waiting
   * read within the next page: the engine reads a stack oldest first, the list is newest first.
   */
  private mayFetchNextPage(listing: Listing<T>): boolean {
    const unpaid = listing.pagesFetched - listing.answered;
    if (unpaid < this.policy.unpaidPages) return true;
    if (!this.source.newestCreatedFirst || unpaid >= this.policy.unpaidPages + listing.waiting.size) return false;
    const covered = (listing.listedFromMs ?? 0) - listing.listedDownToMs;
    const nearest = Math.max(...[...listing.waiting.keys()].map((id) => skyvernIdCreatedAtMs(id) ?? Number.NEGATIVE_INFINITY));
    if (!(covered > 0) || !Number.isFinite(nearest)) return false;
    return ((listing.listedDownToMs - nearest) / covered) * listing.pagesFetched < 1;
  }

  private take(listing: Listing<T>, page: T[]): void {
    for (const item of page) {
      const id = this.source.idOf(item);
      listing.entries.set(id, item);
      const waiters = listing.waiting.get(id);
      if (!waiters) continue;
      listing.waiting.delete(id);
      listing.answered++;
      for (const waiter of waiters) waiter.resolve(structuredClone(item));
    }
    if (page.length < this.source.pageSize) {
      listing.complete = true;
      return;
    }
    listing.listedFromMs ??= skyvernIdCreatedAtMs(this.source.idOf(page[0]));
    const last = skyvernIdCreatedAtMs(this.source.idOf(page[page.length - 1]));
    if (this.source.newestCreatedFirst && last !== undefined) listing.listedDownToMs = Math.min(listing.listedDownToMs, last);
    for (const [id, waiters] of listing.waiting) if (this.wasDueAlready(listing, id)) this.settleAlone(listing, id, waiters);
  }

  /** Created after the last listed item (whole seconds, so a tie is not enough): it was due on a fetched page. */
  private wasDueAlready(listing: Listing<T>, id: string): boolean {
    const createdAt = skyvernIdCreatedAtMs(id);
    return this.source.newestCreatedFirst && createdAt !== undefined && createdAt > listing.listedDownToMs;
  }

  private settleAlone(listing: Listing<T>, id: string, waiters: Waiter<T>[]): void {
    listing.waiting.delete(id);
    const read = this.get(id);
    for (const waiter of waiters) read.then((item) => waiter.resolve(structuredClone(item)), waiter.reject);
  }

  private get(id: string): Promise<T> {
    return this.source.get(id);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
