<?php
// Verifies a Dialgate webhook delivery (Standard Webhooks), with nothing but PHP's standard library.
// Usage as a program: WEBHOOK_SECRET=whsec_... WEBHOOK_ID=... WEBHOOK_TIMESTAMP=... WEBHOOK_SIGNATURE=... \
//   php verify.php < raw-body   (exit 0: valid, 1: not).
// In a request handler: verify($secret, $_SERVER['HTTP_WEBHOOK_ID'], $_SERVER['HTTP_WEBHOOK_TIMESTAMP'],
//                              $_SERVER['HTTP_WEBHOOK_SIGNATURE'], file_get_contents('php://input'))

function verify(string $secret, string $id, string $timestamp, string $signatures, string $rawBody): bool
{
    if (!ctype_digit($timestamp) || abs(time() - (int) $timestamp) > 300) { // replay window
        return false;
    }
    $key = base64_decode(preg_replace('/^whsec_/', '', $secret), true);
    if ($key === false) {
        return false;
    }
    $expected = base64_encode(hash_hmac('sha256', $id . '.' . $timestamp . '.' . $rawBody, $key, true));
    foreach (explode(' ', $signatures) as $candidate) {
        if (str_starts_with($candidate, 'v1,') && hash_equals($expected, substr($candidate, 3))) {
            return true;
        }
    }
    return false;
}

if (PHP_SAPI === 'cli' && isset($argv[0]) && realpath($argv[0]) === __FILE__) {
    $ok = verify((string) getenv('WEBHOOK_SECRET'), (string) getenv('WEBHOOK_ID'), (string) getenv('WEBHOOK_TIMESTAMP'),
        (string) getenv('WEBHOOK_SIGNATURE'), file_get_contents('php://stdin'));
    echo $ok ? "valid\n" : "invalid\n";
    exit($ok ? 0 : 1);
}
