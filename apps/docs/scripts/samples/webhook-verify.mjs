// Verifying a payment event, in the languages of the operations' samples beyond shell and
// TypeScript (webhook-samples.mjs has those): a `verify` function to call from your handler with
// the raw body and the two headers, and a small program around it that checks a saved delivery
// (the body in event.json, the headers in environment variables) and prints what it found. The
// checks are the client's verifyKlaviEvent's: the hex HMAC-SHA256 of the raw body with your
// application's secretKey, compared in constant time, and a timestamp within the tolerance.

/**
 * What a program is built from: the webhook's event name, the header names, the variables that
 * hold them, and the tolerance in seconds.
 * @typedef {{ eventName: string, signatureHeader: string, timestampHeader: string, signatureEnv: string, timestampEnv: string, tolerance: number }} VerifyContext
 */

/** @param {VerifyContext} c */
const javascript = (c) => `import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The event, when rawBody (the bytes as received, before any JSON parsing) carries a valid
 * ${c.signatureHeader} for secretKey and its ${c.timestampHeader} is within ${c.tolerance} s of now; else throws.
 */
export function verify(rawBody, signature, timestamp, secretKey) {
  const expected = createHmac('sha256', secretKey).update(rawBody).digest();
  const given = Buffer.from(String(signature), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('the signature does not match the body');
  if (!(Math.abs(Date.now() / 1000 - Number(timestamp)) <= ${c.tolerance})) throw new Error('the timestamp is out of tolerance');
  return JSON.parse(rawBody.toString('utf8'));
}

const event = verify(readFileSync('event.json'), process.env.${c.signatureEnv}, process.env.${c.timestampEnv}, process.env.KLAVI_SECRET_KEY);
// Then: ignore an eventId you have already processed, and answer 2xx (anything else is resent).
console.log(\`verified \${event.eventName} \${event.eventId}\`);
`;

/** @param {VerifyContext} c */
const python = (c) => `import hashlib
import hmac
import json
import os
import time


def verify(raw_body: bytes, signature: str, timestamp: str, secret_key: str) -> dict:
    """The event, when raw_body (the bytes as received, before any JSON parsing) carries a valid
    ${c.signatureHeader} for secret_key and its ${c.timestampHeader} is within ${c.tolerance} s of now; else ValueError."""
    expected = hmac.new(secret_key.encode(), raw_body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature or ""):
        raise ValueError("the signature does not match the body")
    if not timestamp or not timestamp.isdigit() or abs(time.time() - int(timestamp)) > ${c.tolerance}:
        raise ValueError("the timestamp is out of tolerance")
    return json.loads(raw_body)


with open("event.json", "rb") as file:
    event = verify(file.read(), os.environ.get("${c.signatureEnv}"), os.environ.get("${c.timestampEnv}"), os.environ["KLAVI_SECRET_KEY"])
# Then: ignore an eventId you have already processed, and answer 2xx (anything else is resent).
print(f"verified {event['eventName']} {event['eventId']}")
`;

/** @param {VerifyContext} c */
const ruby = (c) => `require "json"
require "openssl"

# The event, when raw_body (the bytes as received, before any JSON parsing) carries a valid
# ${c.signatureHeader} for secret_key and its ${c.timestampHeader} is within ${c.tolerance} s of now; else raises.
def verify(raw_body, signature, timestamp, secret_key)
  expected = OpenSSL::HMAC.hexdigest("SHA256", secret_key, raw_body)
  raise "the signature does not match the body" unless OpenSSL.secure_compare(expected, signature.to_s)
  raise "the timestamp is out of tolerance" unless timestamp.to_s.match?(/\\A\\d+\\z/) && (Time.now.to_i - timestamp.to_i).abs <= ${c.tolerance}
  JSON.parse(raw_body)
end

event = verify(File.binread("event.json"), ENV["${c.signatureEnv}"], ENV["${c.timestampEnv}"], ENV.fetch("KLAVI_SECRET_KEY"))
# Then: ignore an eventId you have already processed, and answer 2xx (anything else is resent).
puts "verified #{event["eventName"]} #{event["eventId"]}"
`;

/** @param {VerifyContext} c */
const php = (c) => `<?php

/**
 * The event, when $rawBody (the bytes as received: file_get_contents('php://input')) carries a
 * valid ${c.signatureHeader} for $secretKey and its ${c.timestampHeader} is within ${c.tolerance} s of now; else throws.
 */
function verify(string $rawBody, ?string $signature, ?string $timestamp, string $secretKey): array
{
    $expected = hash_hmac('sha256', $rawBody, $secretKey);
    if (!hash_equals($expected, (string) $signature)) {
        throw new RuntimeException('the signature does not match the body');
    }
    if (!ctype_digit((string) $timestamp) || abs(time() - (int) $timestamp) > ${c.tolerance}) {
        throw new RuntimeException('the timestamp is out of tolerance');
    }
    return json_decode($rawBody, true, 512, JSON_THROW_ON_ERROR);
}

$event = verify(file_get_contents('event.json'), getenv('${c.signatureEnv}') ?: null, getenv('${c.timestampEnv}') ?: null, getenv('KLAVI_SECRET_KEY'));
// Then: ignore an eventId you have already processed, and answer 2xx (anything else is resent).
echo "verified {$event['eventName']} {$event['eventId']}", PHP_EOL;
`;

/** @param {VerifyContext} c */
const java = (c) => `import com.google.gson.Gson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class VerifyKlaviEvent {
    /**
     * The event, when rawBody (the bytes as received, before any JSON parsing) carries a valid
     * ${c.signatureHeader} for secretKey and its ${c.timestampHeader} is within ${c.tolerance} s of now; else throws.
     */
    static Map<?, ?> verify(byte[] rawBody, String signature, String timestamp, String secretKey) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        var expected = HexFormat.of().formatHex(mac.doFinal(rawBody)).getBytes(StandardCharsets.US_ASCII);
        var given = signature == null ? new byte[0] : signature.getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given))
            throw new SecurityException("the signature does not match the body");
        if (timestamp == null || !timestamp.matches("\\\\d+")
                || Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > ${c.tolerance})
            throw new SecurityException("the timestamp is out of tolerance");
        return new Gson().fromJson(new String(rawBody, StandardCharsets.UTF_8), Map.class);
    }

    public static void main(String[] args) throws Exception {
        var event = verify(Files.readAllBytes(Path.of("event.json")), System.getenv("${c.signatureEnv}"),
            System.getenv("${c.timestampEnv}"), System.getenv("KLAVI_SECRET_KEY"));
        // Then: ignore an eventId you have already processed, and answer 2xx (anything else is resent).
        System.out.println("verified " + event.get("eventName") + " " + event.get("eventId"));
    }
}
`;

/** @param {VerifyContext} c */
const go = (c) => `package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"strconv"
	"time"
)

// Event is what verify returns: the envelope of a payment event.
type Event struct {
	EventID   string          \`json:"eventId"\`
	EventName string          \`json:"eventName"\`
	Data      json.RawMessage \`json:"data"\`
}

// verify returns the event when rawBody (the bytes as received, before any JSON parsing) carries a
// valid ${c.signatureHeader} for secretKey and its ${c.timestampHeader} is within ${c.tolerance} s of now.
func verify(rawBody []byte, signature, timestamp, secretKey string) (*Event, error) {
	mac := hmac.New(sha256.New, []byte(secretKey))
	mac.Write(rawBody)
	given, err := hex.DecodeString(signature)
	if err != nil || !hmac.Equal(given, mac.Sum(nil)) {
		return nil, errors.New("the signature does not match the body")
	}
	sent, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil || time.Since(time.Unix(sent, 0)).Abs() > ${c.tolerance}*time.Second {
		return nil, errors.New("the timestamp is out of tolerance")
	}
	var event Event
	if err := json.Unmarshal(rawBody, &event); err != nil {
		return nil, err
	}
	return &event, nil
}

func main() {
	rawBody, err := os.ReadFile("event.json")
	if err != nil {
		log.Fatal(err)
	}
	event, err := verify(rawBody, os.Getenv("${c.signatureEnv}"), os.Getenv("${c.timestampEnv}"), os.Getenv("KLAVI_SECRET_KEY"))
	if err != nil {
		log.Fatal("refused: ", err)
	}
	// Then: ignore an eventId you have already processed, and answer 2xx (anything else is resent).
	fmt.Printf("verified %s %s\\n", event.EventName, event.EventID)
}
`;

/** @param {VerifyContext} c */
const csharp = (c) => `using System;
using System.IO;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.Security.Cryptography;
using System.Text;

class VerifyKlaviEvent
{
    [DataContract]
    public class Event
    {
        [DataMember(Name = "eventId")] public string EventId { get; set; }
        [DataMember(Name = "eventName")] public string EventName { get; set; }
    }

    /**
     * The event, when rawBody (the bytes as received, before any JSON parsing) carries a valid
     * ${c.signatureHeader} for secretKey and its ${c.timestampHeader} is within ${c.tolerance} s of now; else throws.
     */
    static Event Verify(byte[] rawBody, string signature, string timestamp, string secretKey)
    {
        byte[] hash;
        using (var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secretKey))) hash = hmac.ComputeHash(rawBody);
        var expected = BitConverter.ToString(hash).Replace("-", "").ToLowerInvariant();
        var given = signature ?? "";
        // In constant time: as long whatever the first differing character.
        var difference = expected.Length ^ given.Length;
        for (var i = 0; i < expected.Length; i++) difference |= expected[i] ^ (i < given.Length ? given[i] : 0);
        if (difference != 0) throw new CryptographicException("the signature does not match the body");
        long sent;
        if (!long.TryParse(timestamp, out sent) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - sent) > ${c.tolerance})
            throw new CryptographicException("the timestamp is out of tolerance");
        return (Event)new DataContractJsonSerializer(typeof(Event)).ReadObject(new MemoryStream(rawBody));
    }

    static void Main()
    {
        var evt = Verify(File.ReadAllBytes("event.json"), Environment.GetEnvironmentVariable("${c.signatureEnv}"),
            Environment.GetEnvironmentVariable("${c.timestampEnv}"), Environment.GetEnvironmentVariable("KLAVI_SECRET_KEY"));
        // Then: ignore an eventId you have already processed, and answer 2xx (anything else is resent).
        Console.WriteLine("verified " + evt.EventName + " " + evt.EventId);
    }
}
`;

/**
 * The verification programs, by the operations' sample labels, in the page's order.
 * @type {ReadonlyArray<{ lang: string, label: string, render(c: VerifyContext): string }>}
 */
export const VERIFY_LANGUAGES = [
  { lang: 'JavaScript', label: 'JavaScript (fetch)', render: javascript },
  { lang: 'Python', label: 'Python', render: python },
  { lang: 'Ruby', label: 'Ruby', render: ruby },
  { lang: 'PHP', label: 'PHP', render: php },
  { lang: 'Java', label: 'Java', render: java },
  { lang: 'Go', label: 'Go', render: go },
  { lang: 'C#', label: 'C#', render: csharp },
];
