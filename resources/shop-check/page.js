"use strict";
// Checks a Futasato QR payload (domain/card_payload.py) with nothing but this file:
// FT1.<town>.<C|S|V>.<identifier>.<YYYYMMDD|0>.<attributes>.<base32 Ed25519 signature>,
// the signature over the ASCII bytes before the last dot.
(() => {
  const town = JSON.parse(document.getElementById("town-data").textContent);
  const words = town.words;
  const $ = (id) => document.getElementById(id);

  function base32(text) {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const out = [];
    let bits = 0, value = 0;
    for (const char of text) {
      const index = alphabet.indexOf(char);
      if (index < 0) throw new Error("base32");
      value = (value << 5) | index;
      bits += 5;
      if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
    }
    return new Uint8Array(out);
  }
  const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  const unhex = (text) => new Uint8Array(text.match(/../g).map((h) => parseInt(h, 16)));

  function parse(text) {
    const cleaned = text.replace(/\s+/g, "").toUpperCase();
    const cut = cleaned.lastIndexOf(".");
    const body = cleaned.slice(0, cut), signatureText = cleaned.slice(cut + 1);
    const fields = body.split(".");
    if (cut < 0 || fields.length !== 6 || fields[0] !== "FT1") return null;
    const [, municipality, document_, identifier, until, attributes] = fields;
    if (!/^\d{6}$/.test(municipality) || !"CSV".includes(document_) || document_.length !== 1
        || !/^[0-9A-Z-]+$/.test(identifier) || !/^[0-9A-Z-]+$/.test(attributes)) return null;
    if (until !== "0") {  // a real calendar day, as Python's date() insists
      if (!/^\d{8}$/.test(until)) return null;
      const day = new Date(Date.UTC(+until.slice(0, 4), +until.slice(4, 6) - 1,
                                    +until.slice(6, 8)));
      if (day.toISOString().slice(0, 10).replace(/-/g, "") !== until) return null;
    }
    let signature;
    try { signature = base32(signatureText); } catch (error) { return null; }
    if (signature.length !== 64) return null;
    return { municipality, document: document_, identifier, until, attributes, signature,
             body: new TextEncoder().encode(body) };
  }

  function wareki(yyyymmdd) {
    const y = +yyyymmdd.slice(0, 4), m = +yyyymmdd.slice(4, 6), d = +yyyymmdd.slice(6, 8);
    const iso = yyyymmdd.slice(0, 4) + "-" + yyyymmdd.slice(4, 6) + "-" + yyyymmdd.slice(6, 8);
    const era = town.eras.find((e) => iso >= e.start);
    if (!era) return `${y}年${m}月${d}日`;
    const year = y - +era.start.slice(0, 4) + 1;
    return `${era.name}${year === 1 ? "元" : year}年${m}月${d}日`;
  }

  function today() {
    const now = new Date();
    return String(now.getFullYear()) + String(now.getMonth() + 1).padStart(2, "0")
      + String(now.getDate()).padStart(2, "0");
  }

  async function signatureHolds(code) {
    for (const key of town.keys) {
      const publicKey = await crypto.subtle.importKey("raw", unhex(key), { name: "Ed25519" },
                                                      false, ["verify"]);
      if (await crypto.subtle.verify({ name: "Ed25519" }, publicKey, code.signature, code.body)) {
        return true;
      }
    }
    return false;
  }

  // A holder's name is sealed with a key only the card's own code gives (see shop_check.py).
  async function holderName(identifier) {
    const holders = town.holders;
    const material = await crypto.subtle.importKey(
      "raw", new TextEncoder().encode(identifier), "PBKDF2", false, ["deriveBits"]);
    const bits = new Uint8Array(await crypto.subtle.deriveBits(
      { name: "PBKDF2", hash: "SHA-256", salt: unhex(holders.salt),
        iterations: holders.iterations }, material, 384));
    const sealed = holders.sealed[hex(bits.slice(0, 16))];
    if (!sealed) return null;
    const key = await crypto.subtle.importKey("raw", bits.slice(16, 48), "AES-GCM", false,
                                              ["decrypt"]);
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, key,
                                              unhex(sealed));
    return new TextDecoder().decode(plain);
  }

  function kindAndTier(attributes) {
    const kind = words.kinds[attributes[0]];
    const tier = words.tiers[attributes.slice(1)];
    if (!kind) return "";
    return tier ? `${kind}（${tier}）` : kind;
  }

  function show(outcome, reason, code, name) {
    const verdict = $("verdict");
    verdict.className = "verdict " + outcome;
    verdict.textContent = words.outcomes[outcome];
    verdict.dataset.outcome = outcome;
    $("reason").textContent = reason || "";
    const facts = $("facts");
    facts.replaceChildren();
    const add = (label, value) => {
      if (!value) return;
      const dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = label; dd.textContent = value;
      facts.append(dt, dd);
    };
    if (code) {
      add(words.labels.name, name);
      add(words.labels.document, words.documents[code.document]);
      add(words.labels.category, kindAndTier(code.attributes));
      add(words.labels.validUntil, code.until === "0" ? words.openEnded : wareki(code.until));
      add(words.labels.number, code.identifier);
    }
  }

  async function check(text) {
    if (!text.trim()) return;
    const code = parse(text);
    if (!code) { show("forged", words.reasons.notACode); return; }
    if (code.municipality !== town.municipalityCode) {
      show("forged", words.reasons.otherTown, code); return;
    }
    if (!(window.crypto && crypto.subtle)) { show("unchecked", words.reasons.noCrypto); return; }
    let genuine;
    try { genuine = await signatureHolds(code); } catch (error) {
      show("unchecked", words.reasons.noCrypto); return;
    }
    if (!genuine) { show("forged", words.reasons.badSignature, code); return; }
    let name = null;
    if (code.document === "C") {
      try { name = await holderName(code.identifier); } catch (error) { name = null; }
    }
    if ((town.revoked[code.document] || []).includes(code.identifier)) {
      show("revoked", words.reasons.revoked, code, name); return;
    }
    if ((town.expired[code.document] || []).includes(code.identifier)
        || (code.until !== "0" && code.until < today())) {
      show("expired", words.reasons.expired, code, name); return;
    }
    show("valid", words.reasons.valid, code, name);
  }

  $("check").addEventListener("click", () => check($("payload").value));
  $("payload").addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); check($("payload").value); }
  });
  window.addEventListener("hashchange", () => fromFragment());
  function fromFragment() {
    const fragment = decodeURIComponent(location.hash.slice(1));
    if (fragment) { $("payload").value = fragment; check(fragment); }
  }

  if ("BarcodeDetector" in window && navigator.mediaDevices) {
    const button = $("camera");
    button.hidden = false;
    button.addEventListener("click", async () => {
      const detector = new BarcodeDetector({ formats: ["qr_code"] });
      const video = $("preview");
      const stream = await navigator.mediaDevices.getUserMedia(
        { video: { facingMode: "environment" } });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      const scan = async () => {
        const found = await detector.detect(video).catch(() => []);
        if (found.length) {
          stream.getTracks().forEach((track) => track.stop());
          video.hidden = true;
          $("payload").value = found[0].rawValue;
          check(found[0].rawValue);
        } else {
          setTimeout(scan, 250);
        }
      };
      scan();
    });
  }
  fromFragment();
})();
