/**
 * The read coalescer's rules that the engine-level tests cannot time on purpose: writes forget what
 * they touch, a page fetched while a write ran is not kept, whatever the listing does not hold is
 * read alone (and its answer, a 404 included, is the read's), a failed listing falls back to reads
 * alone, and pages stop once they do not pay. An in-memory list stands in for the server; ids are
 * real Skyvern ids (creation second in the top 32 bits), newest first as the server orders them.
 */
import assert from "node:assert/strict";
import { ReadCoalescer, type CoalescingPolicy, type ListingSource } from "../../../provider/shared/read-coalescer";

interface Item { id: string; value: string }

const idAt = (secondsAgo: number, n: number) => `cred_${(BigInt(Math.floor(Date.now() / 1000) - 1_655_683_200 - secondsAgo) << 32n) + BigInt(n)}`;

class FakeList implements ListingSource<Item> {
  items: Item[];
  pages: number[] = [];
  gets: string[] = [];
  /** Runs after the page's answer is taken and before it arrives: a change landing while it travels. */
  duringPage: (page: number) => void = () => undefined;
  failPages = false;
  readonly newestCreatedFirst = true;
  constructor(count: number, readonly pageSize: number) {
    // Newest first, one second apart, as the server lists them.
    this.items = Array.from({ length: count }, (_, i) => ({ id: idAt(i * 2, i), value: `v${i}` }));
  }
  idOf = (item: Item) => item.id;
  async listPage(page: number, pageSize: number): Promise<Item[]> {
    this.pages.push(page);
    if (this.failPages) throw new Error("list failed");
    const answer = this.items.slice((page - 1) * pageSize, page * pageSize).map((item) => ({ ...item }));
    this.duringPage(page);
    await new Promise((resolve) => setImmediate(resolve));
    return answer;
  }
  async get(id: string): Promise<Item> {
    this.gets.push(id);
    const item = this.items.find((i) => i.id === id);
    if (!item) throw Object.assign(new Error(`${id} not found`), { status: 404 });
    return { ...item };
  }
}

const policy = (overrides: Partial<CoalescingPolicy> = {}): CoalescingPolicy => ({ enabled: () => true, burstReads: 1, gatherMs: 0, freshForMs: 60_000, unpaidPages: 2, ...overrides });

describe("read coalescer", () => {
  it("answers many reads from one listing, each with its own copy", async () => {
    const list = new FakeList(30, 100);
    const coalescer = new ReadCoalescer(list, policy());
    const read = await Promise.all(list.items.map((item) => coalescer.read(item.id)));
    assert.deepEqual(read.map((item) => item.value), list.items.map((item) => item.value));
    assert.deepEqual({ pages: list.pages, gets: list.gets }, { pages: [1], gets: [] });
    read[0].value = "changed by a caller";
    assert.equal((await coalescer.read(list.items[0].id)).value, "v0", "a caller's change does not reach the next reader");
  });

  it("reads alone below the burst, and everything when switched off", async () => {
    const list = new FakeList(10, 100);
    let enabled = true;
    const coalescer = new ReadCoalescer(list, policy({ burstReads: 6, enabled: () => enabled }));
    await Promise.all(list.items.slice(0, 5).map((item) => coalescer.read(item.id)));
    assert.deepEqual({ pages: list.pages.length, gets: list.gets.length }, { pages: 0, gets: 5 });
    enabled = false;
    await Promise.all(list.items.map((item) => coalescer.read(item.id)));
    assert.deepEqual({ pages: list.pages.length, gets: list.gets.length }, { pages: 0, gets: 15 });
  });

  it("starts over with a new client: nothing listed from the previous server answers, and reads below a burst go alone again", async () => {
    const before = new FakeList(10, 100);
    let source: FakeList = before;
    const coalescer = new ReadCoalescer<Item>({ ...before, listPage: (page, size) => source.listPage(page, size), get: (id) => source.get(id), idOf: before.idOf }, policy({ burstReads: 6 }));
    await Promise.all(before.items.map((item) => coalescer.read(item.id)));
    assert.deepEqual(before.pages, [1], "a burst of 10 was listed");
    source = new FakeList(10, 100);
    source.items = before.items.map((item) => ({ ...item, value: `after ${item.value}` }));
    coalescer.startOver();
    const read = await Promise.all(before.items.slice(0, 2).map((item) => coalescer.read(item.id)));
    assert.deepEqual(read.map((item) => item.value), ["after v0", "after v1"]);
    assert.deepEqual({ pages: source.pages, gets: source.gets }, { pages: [], gets: [before.items[0].id, before.items[1].id] });
  });

  it("a write forgets what it touches: the next read of it is a GET, others still come from the listing", async () => {
    const list = new FakeList(10, 100);
    const coalescer = new ReadCoalescer(list, policy());
    await coalescer.read(list.items[0].id);
    coalescer.writeSeen("start", list.items[1].id);
    list.items[1].value = "written";
    coalescer.writeSeen("end", list.items[1].id);
    assert.equal((await coalescer.read(list.items[1].id)).value, "written");
    assert.equal((await coalescer.read(list.items[2].id)).value, "v2");
    assert.deepEqual({ pages: list.pages, gets: list.gets }, { pages: [1], gets: [list.items[1].id] });
  });

  it("a page fetched while a write ran is not kept: the waiting read goes alone and sees the write", async () => {
    const list = new FakeList(10, 100);
    const coalescer = new ReadCoalescer(list, policy());
    list.duringPage = () => {
      list.duringPage = () => undefined;
      coalescer.writeSeen("start", list.items[3].id);
      list.items[3].value = "written meanwhile";
      coalescer.writeSeen("end", list.items[3].id);
    };
    assert.equal((await coalescer.read(list.items[3].id)).value, "written meanwhile");
    assert.deepEqual(list.gets, [list.items[3].id], "read alone");
    assert.equal((await coalescer.read(list.items[4].id)).value, "v4");
    assert.deepEqual(list.pages, [1, 1], "the stale page was not kept: a new listing");
  });

  it("what the listing does not hold is read alone, and its 404 is the read's answer", async () => {
    const list = new FakeList(10, 100);
    const coalescer = new ReadCoalescer(list, policy());
    const gone = idAt(4, 999);
    await assert.rejects(coalescer.read(gone), /not found/);
    assert.deepEqual({ pages: list.pages, gets: list.gets }, { pages: [1], gets: [gone] });
  });

  it("a live credential moved past a page boundary by a delete elsewhere is read alone, not dropped", async () => {
    const list = new FakeList(30, 10);
    const coalescer = new ReadCoalescer(list, policy());
    const [newest, shifted, oldest] = [list.items[0], list.items[10], list.items[29]];
    // Deleted elsewhere after page 1 was answered: the 11th newest moves onto page 1, already fetched.
    list.duringPage = (page) => { if (page === 1) list.items.splice(list.items.indexOf(newest), 1); };
    list.pages = [];
    const pending = coalescer.read(oldest.id);
    const [oldestRead, shiftedRead] = await Promise.all([pending, coalescer.read(shifted.id)]);
    assert.equal(oldestRead.value, "v29");
    assert.equal(shiftedRead.value, "v10", "found by its own GET");
    assert.deepEqual(list.gets, [shifted.id]);
  });

  it("a failed listing leaves every read to its own GET", async () => {
    const list = new FakeList(10, 100);
    list.failPages = true;
    const coalescer = new ReadCoalescer(list, policy());
    const read = await Promise.all(list.items.slice(0, 4).map((item) => coalescer.read(item.id)));
    assert.deepEqual(read.map((item) => item.value), ["v0", "v1", "v2", "v3"]);
    assert.equal(list.gets.length, 4);
  });

  it("stops paging once pages do not pay: two pages that answered nothing, then reads alone", async () => {
    const list = new FakeList(0, 10);
    // An organization of 1,000 others, all newer than the 8 the stack reads.
    list.items = [
      ...Array.from({ length: 1000 }, (_, i) => ({ id: idAt(0, 10_000 + i), value: "other" })),
      ...Array.from({ length: 8 }, (_, i) => ({ id: idAt(86_400, i), value: `ours${i}` })),
    ];
    const coalescer = new ReadCoalescer(list, policy({ burstReads: 6 }));
    const ours = list.items.slice(1000).map((item) => item.id);
    await Promise.all(ours.map((id) => coalescer.read(id)));
    assert.deepEqual({ pages: list.pages.length, gets: list.gets.length }, { pages: 2, gets: 8 });
  });
});
