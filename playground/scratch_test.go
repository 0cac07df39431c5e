package playground

import "testing"

func TestScratchLayout(t *testing.T) {
	b := newBrowser(t, 390, 844)
	t.Log(value[string](b, `JSON.stringify({win: innerHeight, bar: document.querySelector(".bar").getBoundingClientRect().height, chats: document.querySelector(".chats").getBoundingClientRect().height, head: document.querySelector(".chat-head").getBoundingClientRect().height, msgs: document.getElementById("messages").getBoundingClientRect().height, composer: document.getElementById("composer").getBoundingClientRect().height, body: document.body.getBoundingClientRect().height})`))
}
