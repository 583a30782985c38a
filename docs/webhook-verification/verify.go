// Verifies a Dialgate webhook delivery (Standard Webhooks), with nothing but Go's standard library.
// Not run by the test suite (no Go toolchain on the build machine); the Node and Python versions are.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"math"
	"strconv"
	"strings"
	"time"
)

func Verify(secret, id, timestamp, signatures string, rawBody []byte) bool {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil || math.Abs(float64(time.Now().Unix()-ts)) > 300 { // replay window
		return false
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + timestamp + "."))
	mac.Write(rawBody)
	expected := mac.Sum(nil)
	for _, candidate := range strings.Split(signatures, " ") {
		if !strings.HasPrefix(candidate, "v1,") {
			continue
		}
		given, err := base64.StdEncoding.DecodeString(candidate[3:])
		if err == nil && hmac.Equal(given, expected) {
			return true
		}
	}
	return false
}
